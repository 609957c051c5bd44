package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several single-push GraphQL documents ({@code {query: "mutation Name($a: T!) { field(a: $a) { … } … }", variables}},
 * as an {@code -out} mapping writes them) as ONE document: document {@code k}'s variables become {@code $pk_<name>} and
 * each of its top-level fields is answered under the alias {@code pk_<field>} (an alias it already had becomes
 * {@code pk_<alias>}), so that the answer can be read per document ({@link #resultsOf}). A document of another shape
 * (a query, a fragment) is refused with {@link IllegalArgumentException}.
 */
final class GraphqlBatchDocument {

    private static final Pattern HEAD = Pattern.compile("\\A\\s*mutation\\b\\s*(\\w+)?\\s*(?:\\(([^)]*)\\))?\\s*\\{", Pattern.DOTALL);

    private GraphqlBatchDocument() {
    }

    static String prefix(int k) {
        return "p" + k + "_";
    }

    /** One document from {@code documents}, in their order; {@code name} names the combined mutation. */
    static ObjectNode combine(String name, List<? extends JsonNode> documents) {
        List<String> definitions = new ArrayList<>();
        StringBuilder selections = new StringBuilder();
        ObjectNode variables = CanonicalJson.object();
        for (int k = 0; k < documents.size(); k++) {
            String prefix = prefix(k);
            JsonNode document = documents.get(k);
            String query = document.path("query").asText("");
            Matcher head = HEAD.matcher(query);
            if (!head.find()) {
                throw new IllegalArgumentException("only a mutation document can join a batch, not: " + abbreviate(query));
            }
            if (head.group(2) != null && !head.group(2).isBlank()) {
                definitions.add(renameVariables(head.group(2).strip(), prefix));
            }
            int close = query.lastIndexOf('}');
            if (close < head.end()) {
                throw new IllegalArgumentException("the mutation's selection is not closed: " + abbreviate(query));
            }
            selections.append(' ').append(aliasTopLevelFields(renameVariables(query.substring(head.end(), close), prefix), prefix).strip());
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("variables").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                variables.set(prefix + v.getKey(), v.getValue());
            }
        }
        ObjectNode out = CanonicalJson.object();
        out.put("query", "mutation " + name + (definitions.isEmpty() ? "" : "(" + String.join(", ", definitions) + ")")
                + " {" + selections + " }");
        out.set("variables", variables);
        return out;
    }

    /** The answer's fields for document {@code k} of the batch, under their own names again (empty when it has none). */
    static ObjectNode resultsOf(JsonNode data, int k) {
        String prefix = prefix(k);
        ObjectNode out = CanonicalJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith(prefix)) {
                out.set(f.getKey().substring(prefix.length()), f.getValue());
            }
        }
        return out;
    }

    /** {@code $name} becomes {@code $<prefix>name}, except inside string literals. */
    private static String renameVariables(String text, String prefix) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = endOfString(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '$') {
                out.append('$').append(prefix);
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Prefixes the alias of every field at the top level of a selection (outside any braces and parentheses):
     * {@code productUpdate(…) {…}} becomes {@code pk_productUpdate: productUpdate(…) {…}}. String literals, variables
     * and directives are left as they are.
     */
    private static String aliasTopLevelFields(String selection, String prefix) {
        StringBuilder out = new StringBuilder(selection.length() + 64);
        int braces = 0;
        int parens = 0;
        int i = 0;
        while (i < selection.length()) {
            char c = selection.charAt(i);
            if (c == '"') {
                int end = endOfString(selection, i);
                out.append(selection, i, end);
                i = end;
                continue;
            }
            if (c == '.' && selection.startsWith("...", i)) {
                throw new IllegalArgumentException("a fragment cannot join a batch: " + abbreviate(selection));
            }
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            } else if (c == '(') {
                parens++;
            } else if (c == ')') {
                parens--;
            } else if (braces == 0 && parens == 0 && isNameStart(c) && !afterSigil(selection, i)) {
                int nameEnd = endOfName(selection, i);
                int next = skipSpace(selection, nameEnd);
                out.append(prefix).append(selection, i, nameEnd);
                if (next < selection.length() && selection.charAt(next) == ':') {
                    // an alias of its own: prefixed; the colon and the field after it stay as they are
                    int fieldEnd = endOfName(selection, skipSpace(selection, next + 1));
                    out.append(selection, nameEnd, fieldEnd);
                    i = fieldEnd;
                } else {
                    out.append(": ").append(selection, i, nameEnd);
                    i = nameEnd;
                }
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static int endOfName(String s, int start) {
        int i = start;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private static int skipSpace(String s, int start) {
        int i = start;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** A name right after {@code @} (a directive) or {@code $} (a variable), or inside a longer name. */
    private static boolean afterSigil(String s, int i) {
        if (i == 0) {
            return false;
        }
        char before = s.charAt(i - 1);
        return before == '@' || before == '$' || Character.isLetterOrDigit(before) || before == '_';
    }

    private static int endOfString(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("a string literal is not closed: " + abbreviate(s));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
