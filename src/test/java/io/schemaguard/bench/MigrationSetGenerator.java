package io.schemaguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes N realistic migrations: each creates a table of 8–12 columns with a primary key, a
 * foreign key to an earlier table, a check and an index; now and then a function with its
 * trigger, a view, or an ALTER TABLE ADD COLUMN on an earlier table. Seeded: the same N always
 * gives the same files.
 */
final class MigrationSetGenerator {
    private static final String[] TYPES = {"integer", "bigint", "text", "varchar(120)", "numeric(12,2)", "boolean",
            "timestamptz", "date", "uuid", "jsonb"};

    private MigrationSetGenerator() {
    }

    /** @param createOnly leave out the ALTER TABLE statements (every statement then creates an object) */
    static Path write(Path dir, int count, boolean createOnly) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(count);
        for (int i = 1; i <= count; i++) {
            StringBuilder sql = new StringBuilder();
            String table = "entity_" + i;
            int columns = 8 + random.nextInt(5);
            sql.append("CREATE TABLE ").append(table).append(" (\n    id bigserial PRIMARY KEY");
            if (i > 1) {
                sql.append(",\n    parent_id bigint REFERENCES entity_").append(1 + random.nextInt(i - 1)).append(" (id) ON DELETE CASCADE");
            }
            for (int c = 0; c < columns - 2; c++) {
                String type = TYPES[random.nextInt(TYPES.length)];
                sql.append(",\n    c").append(c).append(' ').append(type)
                        .append(c % 3 == 0 ? " NOT NULL" : "")
                        .append(c % 3 == 0 ? defaultFor(type) : "");
            }
            sql.append(",\n    created_at timestamptz NOT NULL DEFAULT now()");
            sql.append(",\n    CONSTRAINT ").append(table).append("_created_check CHECK (created_at > '2000-01-01')\n);\n");
            sql.append("CREATE INDEX idx_").append(table).append("_created ON ").append(table).append(" (created_at DESC, id);\n");
            if (i % 10 == 0) {
                sql.append("CREATE FUNCTION touch_").append(table).append("() RETURNS trigger LANGUAGE plpgsql AS $$\n")
                        .append("BEGIN\n  NEW.created_at := coalesce(NEW.created_at, now());\n  RETURN NEW;\nEND $$;\n")
                        .append("CREATE TRIGGER trg_touch_").append(table).append(" BEFORE INSERT ON ").append(table)
                        .append(" FOR EACH ROW EXECUTE FUNCTION touch_").append(table).append("();\n");
            }
            if (i % 7 == 0) {
                sql.append("CREATE VIEW recent_").append(table).append(" AS SELECT id, created_at FROM ").append(table)
                        .append(" WHERE created_at > now() - interval '7 days';\n");
            }
            if (!createOnly && i % 5 == 0 && i > 1) {
                sql.append("ALTER TABLE entity_").append(1 + random.nextInt(i - 1)).append(" ADD COLUMN extra_").append(i)
                        .append(" text;\n");
            }
            Files.writeString(dir.resolve(String.format("V%d__create_%s.sql", i, table)), sql);
        }
        return dir;
    }

    private static String defaultFor(String type) {
        return switch (type) {
            case "integer", "bigint", "numeric(12,2)" -> " DEFAULT 0";
            case "text", "varchar(120)" -> " DEFAULT ''";
            case "boolean" -> " DEFAULT false";
            case "timestamptz" -> " DEFAULT now()";
            case "date" -> " DEFAULT current_date";
            case "uuid" -> " DEFAULT '00000000-0000-0000-0000-000000000000'";
            default -> " DEFAULT '{}'";
        };
    }
}
