package io.schemaguard.maven;

import io.schemaguard.catalog.CompareMode;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.guard.GuardRefusal;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Applies pending migrations up to {@code target}, guarded: see the README. */
@Mojo(name = "upgrade", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class UpgradeMojo extends AbstractDatabaseChangeMojo {

    /** The version to migrate up to: the pending migrations up to it are applied. Default: the latest. */
    @Parameter(property = "schema.target")
    private String target;

    /**
     * How owners, privileges and comments count. {@code default}: they are reported, never differences
     * (environments differ in roles) — a warning when an adopted or stamped object's differ from what the
     * migrations build, and a section of the stamp and verify reports. {@code strict}: they are differences
     * like any other fact (a refusal, or drift). Grants to PUBLIC and the owners of SECURITY DEFINER
     * functions are reported either way.
     */
    @Parameter(property = "schema.compare", defaultValue = "default")
    private String compare;

    /**
     * A database to judge a refused migration in: when a statement's object exists and differs from what
     * that statement builds, the migration is replayed there, at the version before it, and adopted if the
     * database holds exactly what the whole migration builds (a later statement may alter what an earlier
     * one created). Used only then: an upgrade where nothing collides never opens it. It is wiped (its
     * managed schemas dropped) before and after each use, with the target's credentials, so it must be
     * empty at its first use (the plugin then marks it) or already marked; the target itself, however
     * spelt, is refused. Default: a temporary database on the target's server when the user may create
     * databases, else an embedded PostgreSQL of the target's major version. Also read from the property
     * {@code schema.shadowUrl}, which on the command line wins over this. A URL that carries a password is refused.
     */
    // No property expression, as for url: Maven's -X must not print a URL given by mistake with a password.
    @Parameter
    private String shadowUrl;

    /**
     * Whether a refused migration fails the build (default true). With {@code false} the refusal (what differs, and
     * that nothing of the migration was applied) is printed as warnings and the build goes on; the refused migration
     * and those after it stay pending. For reports and demonstrations: a deployment should keep the default.
     * Other failures (an SQL error, a lost connection) fail the build either way.
     */
    @Parameter(property = "schema.failOnRefusal", defaultValue = "true")
    private boolean failOnRefusal;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    protected final String upgradeTarget() {
        return target;
    }

    @Override
    protected final CompareMode compareMode() {
        return CompareMode.parse(compare);
    }

    /**
     * {@code text} (one line per migration in the build log) or {@code json}: the outcome of each migration (applied,
     * adopted, completed, with the statements skipped), the versions before and after, the dry-run flag, and, when the
     * upgrade fails, why (a refusal's script, statement and differences). The JSON is written when the upgrade fails
     * too, before the build fails, so that a CI job can read why. Never holds the password.
     */
    @Parameter(property = "schema.format", defaultValue = "text")
    private String format;

    /** Write the report to this file instead of the build log (with {@code json}, also when the upgrade fails). */
    @Parameter(property = "schema.output")
    private File output;

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        requireFormat(format);
        AtomicReference<UpgradeReport> doneBefore = new AtomicReference<>(UpgradeReport.nothingKnown(settings.dryRun()));
        UpgradeReport report;
        try {
            report = new SchemaEngine(log).upgrade(settings, new ShadowSettings(shadowUrl),
                    new RepositoryPostgresBinaries(repositorySystem, session, project), doneBefore::set);
        } catch (RuntimeException e) {
            if ("json".equals(format)) {
                emit(log.mask(doneBefore.get().failureJson(e, log::mask)), output, log);
            }
            if (failOnRefusal || !(e instanceof GuardRefusal refusal)) {
                throw e;
            }
            refusal.getMessage().lines().forEach(log::warn);
            String at = doneBefore.get().versionAfter();
            String now = at == null ? "an empty history" : "version " + at;
            log.warn("Refused: " + refusal.script() + " and the migrations after it were not applied; the database is at " + now
                    + " (failOnRefusal=false: the build goes on).");
            return;
        }
        if ("json".equals(format)) {
            emit(log.mask(report.json()), output, log);
            return;
        }
        List<String> lines = new ArrayList<>(report.lines());
        String from = report.versionBefore() == null ? "an empty history" : "version " + report.versionBefore();
        if (report.outcomes().isEmpty()) {
            lines.add("Database is up to date at version " + (report.versionAfter() == null ? "none" : report.versionAfter()) + ".");
        } else if (report.dryRun()) {
            lines.add("Dry run: would upgrade from " + from + " to version " + report.versionAfter() + "; everything was rolled back.");
        } else {
            lines.add("Upgraded from " + from + " to version " + report.versionAfter() + ".");
        }
        if (output != null) {
            emit(String.join("\n", lines) + "\n", output, log);
        } else {
            lines.forEach(log::info);
        }
    }
}
