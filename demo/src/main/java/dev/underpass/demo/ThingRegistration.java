package dev.underpass.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.cli.UnderpassCli;
import dev.underpass.cli.config.CliEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Registers the demo thing the way a person does — {@code underpass things create NAME --out DIR --force} — by
 * running the real command line in this process: the AWS SDK's IotClient against the server's registry API, with
 * the server's admin credentials and CA. The device's certificate, private key, public key and root CA land in DIR.
 * Each run issues one more certificate for the thing (the command's own behaviour for an existing thing).
 */
final class ThingRegistration {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThingRegistration() {
    }

    /** What {@code things create} reported: the certificate's id and where the device's files are. */
    record Registered(String thingName, String certificateId, Path certificate, Path privateKey, Path rootCa) {
    }

    /** The command a person types for the same registration. */
    static String command(String launcher, String thingName, Path dir) {
        return ShellWords.quote(launcher) + " things create " + thingName + " --out " + ShellWords.quote(dir.toString())
                + " --force";
    }

    /**
     * Runs {@code things create}.
     *
     * @throws IllegalStateException with the command's own error message when it fails
     */
    static Registered register(URI endpoint, Path caFile, Path credentialsFile, String thingName, Path dir) {
        List<String> args = List.of("--endpoint-url", endpoint.toString(), "--ca-bundle", caFile.toString(),
                "--output", "json", "things", "create", thingName, "--out", dir.toString(), "--force");
        // Only the server's credentials file: nothing of the person's own AWS configuration applies.
        CliEnvironment environment = new CliEnvironment(
                Map.of("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString()), dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = UnderpassCli.run(args.toArray(String[]::new), environment, new PrintWriter(out),
                new PrintWriter(err));
        if (code != 0) {
            throw new IllegalStateException("'things create " + thingName + "' exited " + code + ": "
                    + err.toString().strip());
        }
        try {
            JsonNode answer = JSON.readTree(out.toString());
            JsonNode files = answer.path("files");
            return new Registered(answer.path("thingName").asText(), answer.path("certificateId").asText(),
                    Path.of(files.path("certificate").asText()), Path.of(files.path("privateKey").asText()),
                    Path.of(files.path("rootCa").asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("'things create " + thingName + "' printed no JSON: " + e.getMessage(), e);
        }
    }
}
