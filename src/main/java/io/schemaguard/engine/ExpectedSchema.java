package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;

/**
 * What a replay built, and where: {@code scope} is the managed schemas plus every other schema the
 * migrations built or changed objects in, the schemas the target is compared in.
 */
record ExpectedSchema(CatalogSnapshot snapshot, ManagedSchemas scope) {
}
