package io.schemaguard.maven;

import io.schemaguard.catalog.CompareMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/** Goals that replay migrations on a shadow database to build the expected schema: verify and stamp. */
abstract class AbstractShadowMojo extends AbstractMigrationMojo {

    /**
     * A database to replay the migrations in. It is wiped (its managed schemas dropped) before and
     * after each use, with the target's credentials, so it must be empty at its first use (the
     * plugin then marks it with a comment on the database) or already marked; the target itself,
     * however spelt, is refused. Default: a temporary database on the target's server when the user
     * may create databases, else an embedded PostgreSQL of the target's major version.
     * Also read from the property {@code schema.shadowUrl}, which on the command line wins over this.
     * A URL that carries a password is refused.
     */
    // No property expression, as for url: Maven's -X must not print a URL given by mistake with a password.
    @Parameter
    private String shadowUrl;

    @Component
    private RepositorySystem repositorySystem;

    /**
     * How owners, privileges and comments count. {@code default}: they are reported, never differences
     * (environments differ in roles) — a warning when an adopted or stamped object's differ from what the
     * migrations build, and a section of the stamp and verify reports. {@code strict}: they are differences
     * like any other fact (a refusal, or drift). Grants to PUBLIC and the owners of SECURITY DEFINER
     * functions are reported either way.
     */
    @Parameter(property = "schema.compare", defaultValue = "default")
    private String compare;

    @Override
    protected final CompareMode compareMode() {
        return CompareMode.parse(compare);
    }

    protected ShadowSettings shadowSettings() {
        return new ShadowSettings(shadowUrl);
    }

    protected PostgresBinaries postgresBinaries() {
        return new RepositoryPostgresBinaries(repositorySystem, session, project);
    }
}
