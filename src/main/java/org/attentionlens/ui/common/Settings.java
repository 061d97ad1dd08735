package org.attentionlens.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the app remembers between runs (java.util.prefs). The node is named by the system property
 * {@code attentionlens.prefs} ("app" by default; surefire sets "test"), so tests never touch a user's settings.
 */
public final class Settings {
    private static final int RECENT_MAX = 6;
    private final Preferences node;

    private Settings(Preferences node) {
        this.node = node;
    }

    public static Settings open() {
        return new Settings(Preferences.userRoot().node("org/attentionlens/" + System.getProperty("attentionlens.prefs", "app")));
    }

    /** Forgets everything (tests start from a clean slate). */
    public void clear() {
        try {
            node.clear();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("cannot clear the settings: " + e.getMessage(), e);
        }
    }

    public String get(String key, String fallback) {
        return node.get(key, fallback);
    }

    /**
     * Remembers value; one longer than the store keeps ({@link Preferences#MAX_VALUE_LENGTH} characters, e.g. a
     * 2,048-token text) is forgotten instead, so the next run starts from the default rather than a cut text.
     */
    public void put(String key, String value) {
        if (value.length() > Preferences.MAX_VALUE_LENGTH) node.remove(key);
        else node.put(key, value);
    }

    public int getInt(String key, int fallback) {
        return node.getInt(key, fallback);
    }

    public void putInt(String key, int value) {
        node.putInt(key, value);
    }

    public double getDouble(String key, double fallback) {
        return node.getDouble(key, fallback);
    }

    public void putDouble(String key, double value) {
        node.putDouble(key, value);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return node.getBoolean(key, fallback);
    }

    public void putBoolean(String key, boolean value) {
        node.putBoolean(key, value);
    }

    /** Model folders opened lately, newest first. */
    public List<String> recentFolders() {
        String s = node.get("recentFolders", "");
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    public void addRecentFolder(String folder) {
        List<String> list = new ArrayList<>(recentFolders());
        list.remove(folder);
        list.add(0, folder);
        node.put("recentFolders", String.join("\n", list.subList(0, Math.min(RECENT_MAX, list.size()))));
    }
}
