package dev.underpass.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Prints a service response on stdout in the chosen {@link OutputFormat}. As the AWS CLI, an empty response (such
 * as CloseTunnel's {@code {}}) prints nothing.
 */
public final class ResponsePrinter {
    private final OutputFormat format;
    private final PrintWriter out;

    public ResponsePrinter(OutputFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    /** The chosen output format, for commands that print something other than a service response. */
    public OutputFormat format() {
        return format;
    }

    /**
     * Prints {@code response}: as {@link ModelJson} for JSON, through {@code table} for a table.
     *
     * @param table renders the response for people (lines ending in newlines, usually a {@link Table}); used only for {@link OutputFormat#TABLE}
     */
    public <T extends SdkPojo> void print(T response, Function<T, String> table) {
        print(ModelJson.toJson(response), json -> table.apply(response));
    }

    /** Prints a JSON answer of one of Underpass's own routes, as {@link #print(SdkPojo, Function)} does. */
    public void print(ObjectNode json, Function<ObjectNode, String> table) {
        if (json.isEmpty()) {
            return;
        }
        if (format == OutputFormat.JSON) {
            out.println(ModelJson.write(json));
        } else {
            out.print(table.apply(json));
        }
        out.flush();
    }
}
