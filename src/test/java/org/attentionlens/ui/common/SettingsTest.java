package org.attentionlens.ui.common;

import org.junit.jupiter.api.Test;

import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsTest {
    @Test
    void aValueTooLongToStoreIsForgottenNotThrown() {
        Settings s = Settings.open();
        s.put("text", "short");
        assertEquals("short", s.get("text", "none"));
        s.put("text", "w ".repeat(Preferences.MAX_VALUE_LENGTH)); // a long text analysed: the app must go on
        assertEquals("none", s.get("text", "none"));
        s.clear();
    }
}
