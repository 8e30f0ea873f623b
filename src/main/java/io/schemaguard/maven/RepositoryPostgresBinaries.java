package io.schemaguard.maven;

import io.schemaguard.postgres.BinariesJar;
import io.schemaguard.postgres.PostgresDistribution;
import io.schemaguard.shadow.PostgresBinaries;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

import java.io.IOException;
import java.nio.file.Path;

/** The embedded PostgreSQL binaries for this machine, resolved from the build's repositories like any dependency. */
final class RepositoryPostgresBinaries implements PostgresBinaries {
    private final RepositorySystem repositorySystem;
    private final MavenSession session;
    private final MavenProject project;

    RepositoryPostgresBinaries(RepositorySystem repositorySystem, MavenSession session, MavenProject project) {
        this.repositorySystem = repositorySystem;
        this.session = session;
        this.project = project;
    }

    @Override
    public BinariesJar forMajor(String major) throws IOException {
        return new BinariesJar(resolve(PostgresDistribution.forThisMachine(major)));
    }

    Path resolve(PostgresDistribution distribution) throws IOException {
        ArtifactRequest request = new ArtifactRequest(
                new DefaultArtifact(PostgresDistribution.GROUP_ID, distribution.artifactId(), "jar", distribution.version()),
                project.getRemoteProjectRepositories(), null);
        try {
            return repositorySystem.resolveArtifact(session.getRepositorySession(), request).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new IOException("Cannot resolve the PostgreSQL binaries " + distribution.coordinates() + ": " + e.getMessage(), e);
        }
    }
}
