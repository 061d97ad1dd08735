package org.attentionlens.io;

/** A model could not be loaded; the message says what is wrong and what would fix it, for the user to read. */
public class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
