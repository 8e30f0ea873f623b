package io.schemaguard.settings;

/** Where the target database is and who connects to it. The password never appears in {@link #toString()}. */
public record ConnectionSettings(String url, String user, String password) {

    public ConnectionSettings {
        url = url == null ? null : url.trim();
        user = user == null || user.isBlank() ? null : user;
        password = password == null || password.isEmpty() ? null : password;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "******") + "]";
    }
}
