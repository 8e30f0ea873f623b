package io.schemaguard.settings;

import io.schemaguard.output.SchemaFailure;

/**
 * Where the target database is and who connects to it. The password never appears in
 * {@link #toString()}, and a URL that carries one is refused (without being shown).
 */
public record ConnectionSettings(String url, String user, String password) {

    public ConnectionSettings {
        url = url == null ? null : url.trim();
        UrlCredentials.in(url).ifPresent(form -> {
            throw new SchemaFailure("The database URL (url, -Dschema.url) carries " + form + ". A URL is printed in messages and"
                    + " by Maven's -X, so it must not hold a password; it is not shown here. Remove it from the URL and give the"
                    + " user as <user> and the password with <serverId> (a <server> in settings.xml, where it can be encrypted)"
                    + " or <password>. Nothing was done.");
        });
        user = user == null || user.isBlank() ? null : user;
        password = password == null || password.isEmpty() ? null : password;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "******") + "]";
    }
}
