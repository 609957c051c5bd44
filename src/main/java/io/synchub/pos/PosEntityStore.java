package io.synchub.pos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.changelog.ChangeLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console-written POS entities ({@code pos_entities}). Every write appends its change to the change log in the
 * same transaction and stores that sequence on the row, so a pull by sequence never skips or repeats a change;
 * a delete leaves a tombstone that the tombstone retention removes later.
 */
@Component
public class PosEntityStore {

    public static final String ORIGIN = "NOLIMITS";

    private final JdbcTemplate jdbc;
    private final ChangeLog changeLog;

    public PosEntityStore(JdbcTemplate jdbc, ChangeLog changeLog) {
        this.jdbc = jdbc;
        this.changeLog = changeLog;
    }

    /** What a write did: {@code create}, {@code update} or {@code none} (same data again), and the stored item. */
    public record Written(String changeType, String json) {
    }

    /** Creates or replaces one entity. {@code storeId} is null for global types. */
    @Transactional
    public Written put(PosEntityType type, String storeId, String id, ObjectNode data) {
        return putAll(type, storeId, List.of(new Entity(id, data))).get(0);
    }

    /** Creates or replaces many entities of one type in one transaction (an import). */
    @Transactional
    public List<Written> putAll(PosEntityType type, String storeId, List<Entity> entities) {
        String store = storeKey(storeId);
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> placeholders = new ArrayList<>(entities.size());
        for (Entity e : entities) {
            placeholders.add(new Object[]{type.wireName(), store, e.id(), now});
        }
        // Claim missing rows first: ON CONFLICT DO NOTHING waits for a concurrent creator instead of failing.
        jdbc.batchUpdate("INSERT INTO pos_entities (entity_type, store_id, entity_id, data, deleted, seq, updated_at) "
                + "VALUES (?, ?, ?, NULL, TRUE, 0, ?) ON CONFLICT DO NOTHING", placeholders);
        List<ChangeLog.Change> changes = new ArrayList<>();
        List<String[]> pending = new ArrayList<>();
        List<Written> results = new ArrayList<>(entities.size());
        for (Entity e : entities) {
            ObjectNode data = e.data().deepCopy();
            data.set("id", data.has("id") ? data.get("id") : PosEntityId.node(e.id()));
            String json = CanonicalJson.write(data);
            Optional<Current> current = lock(type, store, e.id());
            boolean exists = current.isPresent() && !current.get().deleted();
            if (exists && json.equals(current.get().data())) {
                results.add(new Written("none", json));
                continue;
            }
            String changeType = exists ? "update" : "create";
            changes.add(new ChangeLog.Change(type.wireName(), e.id(), storeId, changeType, ORIGIN));
            pending.add(new String[]{e.id(), json});
            results.add(new Written(changeType, json));
        }
        List<Object[]> updates = new ArrayList<>(pending.size());
        for (String[] p : pending) {
            updates.add(new Object[]{p[1], now, type.wireName(), store, p[0]});
        }
        jdbc.batchUpdate("UPDATE pos_entities SET data = ?, deleted = FALSE, updated_at = ? "
                + "WHERE entity_type = ? AND store_id = ? AND entity_id = ?", updates);
        // the change-log sequence is known only at commit (it follows commit order): the rows get it then
        changeLog.appendAll(changes, seqs -> {
            List<Object[]> sequenced = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                sequenced.add(new Object[]{seqs.get(i), type.wireName(), store, pending.get(i)[0]});
            }
            jdbc.batchUpdate("UPDATE pos_entities SET seq = ? WHERE entity_type = ? AND store_id = ? AND entity_id = ?", sequenced);
        });
        return results;
    }

    /** Deletes one entity, leaving a tombstone. Empty when there was nothing (or only a tombstone) to delete. */
    @Transactional
    public boolean delete(PosEntityType type, String storeId, String id) {
        String store = storeKey(storeId);
        Optional<Current> current = lock(type, store, id);
        if (current.isEmpty() || current.get().deleted()) {
            return false;
        }
        jdbc.update("UPDATE pos_entities SET data = NULL, deleted = TRUE, updated_at = ? "
                        + "WHERE entity_type = ? AND store_id = ? AND entity_id = ?",
                Timestamp.from(Instant.now()), type.wireName(), store, id);
        changeLog.appendAll(List.of(new ChangeLog.Change(type.wireName(), id, storeId, "delete", ORIGIN)),
                seqs -> jdbc.update("UPDATE pos_entities SET seq = ? WHERE entity_type = ? AND store_id = ? AND entity_id = ?",
                        seqs.get(0), type.wireName(), store, id));
        return true;
    }

    /** The stored item (JSON text), if it exists and is not deleted. */
    public Optional<String> get(PosEntityType type, String storeId, String id) {
        return jdbc.queryForList("SELECT data FROM pos_entities WHERE entity_type = ? AND store_id = ? AND entity_id = ? "
                        + "AND deleted = FALSE", String.class, type.wireName(), storeKey(storeId), id)
                .stream().findFirst();
    }

    private Optional<Current> lock(PosEntityType type, String store, String id) {
        return jdbc.query("SELECT data, deleted, seq FROM pos_entities WHERE entity_type = ? AND store_id = ? "
                        + "AND entity_id = ? FOR UPDATE",
                (rs, i) -> new Current(rs.getString(1), rs.getBoolean(2), rs.getLong(3)), type.wireName(), store, id)
                .stream().findFirst();
    }

    /** Global types are stored under store '' (a primary key column cannot be NULL). */
    static String storeKey(String storeId) {
        return storeId == null ? "" : storeId;
    }

    public record Entity(String id, ObjectNode data) {
    }

    private record Current(String data, boolean deleted, long seq) {
    }
}
