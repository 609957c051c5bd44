package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * An entity id as POS clients see it: ids that are plain integers (up to 18 digits, no leading zero) travel as JSON
 * numbers, as the existing clients expect ({@code "entity_id":123}); any other id (a settings key) as a string.
 */
public final class PosEntityId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern NUMERIC = Pattern.compile("0|[1-9][0-9]{0,17}");

    private PosEntityId() {
    }

    public static String valid(String id) {
        String s = id == null ? "" : id.trim();
        if (!VALID.matcher(s).matches()) {
            throw ApiException.badRequest("an entity id is 1 to 100 letters, digits, '.', '_', ':' or '-', got '" + id + "'");
        }
        return s;
    }

    public static boolean numeric(String id) {
        return NUMERIC.matcher(id).matches();
    }

    /** The id as a JSON literal. */
    public static String json(String id) {
        return numeric(id) ? id : CanonicalJson.write(id);
    }

    public static JsonNode node(String id) {
        return numeric(id) ? CanonicalJson.MAPPER.getNodeFactory().numberNode(new BigInteger(id))
                : CanonicalJson.MAPPER.getNodeFactory().textNode(id);
    }
}
