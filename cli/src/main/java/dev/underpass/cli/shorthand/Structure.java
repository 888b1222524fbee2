package dev.underpass.cli.shorthand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One flat structure given on the command line, as member name to values in the order given. Two spellings are
 * read, as the AWS CLI reads them:
 * <ul>
 *   <li>shorthand {@code key=value,key2=v1,v2}: a key's value list continues until the next {@code key=}, so
 *       {@code thingName=T,services=ssh,web} gives thingName [T] and services [ssh, web]. A key alone with an empty
 *       value ({@code key=}) is the empty string. Values cannot contain commas: use JSON for those;</li>
 *   <li>JSON, when the text starts with <code>{</code> (or <code>[</code> for {@link #parseList lists}): an object
 *       whose members are strings, numbers, booleans or arrays of these.</li>
 * </ul>
 * Nested structures are not supported (no option of this CLI needs them). Errors are {@link ShorthandException}s
 * naming the bad token; callers add an example ({@link StructureReader} does).
 */
public final class Structure {
    private static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)\\s*=(.*)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String text;
    private final Map<String, List<String>> members;

    private Structure(String text, Map<String, List<String>> members) {
        this.text = text;
        this.members = Collections.unmodifiableMap(members);
    }

    /** Parses one structure: shorthand, or a JSON object when the text starts with <code>{</code>. */
    public static Structure parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new ShorthandException("the value is empty");
        }
        if (t.startsWith("[")) {
            throw new ShorthandException("'" + abbreviate(t) + "' is a JSON list, but this option takes one "
                    + "structure: a JSON object or key=value pairs");
        }
        return t.startsWith("{") ? fromJson(t, readJson(t)) : shorthand(t);
    }

    /**
     * Parses one or more structures from one argument: a JSON array of objects when the text starts with
     * <code>[</code>, otherwise one structure as {@link #parse} reads it.
     */
    public static List<Structure> parseList(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith("[")) {
            return List.of(parse(t));
        }
        JsonNode array = readJson(t);
        List<Structure> result = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isObject()) {
                throw new ShorthandException("item " + abbreviate(item.toString()) + " of the JSON list is not an "
                        + "object");
            }
            result.add(fromJson(item.toString(), item));
        }
        if (result.isEmpty()) {
            throw new ShorthandException("the JSON list is empty");
        }
        return result;
    }

    /** The text this structure was read from (for messages). */
    public String text() {
        return text;
    }

    /** Member name (as given) to its values, in the order given. */
    public Map<String, List<String>> members() {
        return members;
    }

    private static Structure shorthand(String text) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        List<String> current = null;
        String currentKey = null;
        for (String token : text.split(",", -1)) {
            String piece = token.strip();
            Matcher m = KEY.matcher(piece);
            if (m.matches()) {
                currentKey = m.group(1);
                current = new ArrayList<>();
                current.add(m.group(2).strip());
                if (members.putIfAbsent(currentKey, current) != null) {
                    throw new ShorthandException("key '" + currentKey + "' is given twice in '" + text + "'");
                }
            } else if (current == null) {
                throw new ShorthandException("'" + piece + "' is not key=value (in '" + text + "')");
            } else if (piece.isEmpty() || current.get(0).isEmpty()) {
                throw new ShorthandException("empty item in the value list of '" + currentKey + "' (in '" + text
                        + "')");
            } else if (piece.contains("=")) {
                throw new ShorthandException("'" + piece + "' is not a valid key=value: a key starts with a letter "
                        + "and holds letters, digits and '_' (in '" + text + "')");
            } else {
                current.add(piece);
            }
        }
        return new Structure(text, members);
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ShorthandException("'" + abbreviate(text) + "' is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Structure fromJson(String text, JsonNode object) {
        if (!object.isObject()) {
            throw new ShorthandException("'" + abbreviate(text) + "' is not a JSON object");
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(item -> values.add(scalar(e.getKey(), item)));
            } else {
                values.add(scalar(e.getKey(), value));
            }
            members.put(e.getKey(), values);
        }
        return new Structure(text, members);
    }

    private static String scalar(String key, JsonNode value) {
        if (value.isContainerNode() || value.isNull()) {
            throw new ShorthandException("member '" + key + "' holds " + abbreviate(value.toString())
                    + ", but only strings, numbers, booleans and lists of them are accepted here");
        }
        return value.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
