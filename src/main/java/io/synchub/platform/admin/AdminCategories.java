package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.pos.PosEntityStore;
import io.synchub.pos.PosEntityType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The panel's categories as the POS {@code categories} entity (so registers get them by incremental sync and
 * WebSocket): new or changed ones are written, unchanged ones write nothing, and a category the panel no longer
 * lists becomes a tombstone. Only categories that came from the panel ({@code admin_categories}, owned here) are
 * ever deleted; the console's own categories are left alone.
 */
@Component("adminCategories")
public class AdminCategories {

    private final PosEntityStore pos;
    private final JdbcTemplate jdbc;

    public AdminCategories(PosEntityStore pos, JdbcTemplate jdbc) {
        this.pos = pos;
        this.jdbc = jdbc;
    }

    /** Stores the full list; returns how many entities changed (created, updated or deleted). */
    @Transactional
    public int store(List<ObjectNode> categories) {
        List<PosEntityStore.Entity> entities = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ObjectNode c : categories) {
            String id = c.get("id").asText();
            if (!ids.add(id)) {
                continue;
            }
            ObjectNode data = CanonicalJson.object();
            data.put("id", id);
            data.put("name", c.path("name").asText(null));
            data.put("parent_id", c.hasNonNull("parentId") ? c.get("parentId").asText() : null);
            data.put("position", c.path("position").asInt(0));
            data.put("source", "admin");
            entities.add(new PosEntityStore.Entity(id, data));
        }
        int changed = 0;
        if (!entities.isEmpty()) {
            changed += (int) pos.putAll(PosEntityType.CATEGORIES, null, entities).stream()
                    .filter(w -> !w.changeType().equals("none")).count();
        }
        for (String id : ids) {
            jdbc.update("INSERT INTO admin_categories (category_id) VALUES (?) ON CONFLICT DO NOTHING", id);
        }
        for (String known : jdbc.queryForList("SELECT category_id FROM admin_categories", String.class)) {
            if (!ids.contains(known)) {
                if (pos.delete(PosEntityType.CATEGORIES, null, known)) {
                    changed++;
                }
                jdbc.update("DELETE FROM admin_categories WHERE category_id = ?", known);
            }
        }
        return changed;
    }
}
