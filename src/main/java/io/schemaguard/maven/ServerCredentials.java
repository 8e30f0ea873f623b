package io.schemaguard.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** User and password of a {@code <server>} in settings.xml, with Maven-encrypted passwords decrypted. */
record ServerCredentials(String user, String password) {

    static ServerCredentials lookup(String serverId, Settings settings, SettingsDecrypter decrypter) throws MojoFailureException {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            throw new MojoFailureException("No <server> with id '" + serverId + "' in settings.xml (serverId names the server"
                    + " whose <username> and <password> connect to the database).");
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("Cannot decrypt the password of server '" + serverId + "' in settings.xml: "
                        + problem.getMessage() + ". Check settings-security.xml and the encrypted password.");
            }
        }
        Server decrypted = result.getServer();
        return new ServerCredentials(decrypted.getUsername(), decrypted.getPassword());
    }
}
