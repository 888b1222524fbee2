package dev.underpass.cli.things;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.output.ModelJson;
import dev.underpass.cli.output.OutputFormat;
import dev.underpass.cli.output.Table;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;

/**
 * {@code things create NAME --out DIR}: registers a thing and gives it a certificate, as AWS's console does —
 * GetRootCa, CreateThing, CreateKeysAndCertificate (active, subject {@code CN=NAME}), AttachThingPrincipal — then writes the
 * certificate, private key, public key and the root CA into DIR and prints what it wrote (never the key itself).
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Registers a thing and issues it an active certificate from the server's device CA, then",
                "writes NAME.cert.pem, NAME.private.key (mode 600), NAME.public.key and root-CA.crt into --out.",
                "Prints JSON naming the thing, the certificate and the files. Existing files are not overwritten",
                "unless --force. Run it again for an existing thing (same attributes) to issue another certificate."})
final class CreateThingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The thing's name: 1-128 of a-z A-Z 0-9 : _ -.")
    private String thingName;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write the device's files into (created if missing).")
    private Path out;

    @Option(names = "--attributes", paramLabel = "K=V,...", description = "Thing attributes, e.g. site=berlin,model=x1.")
    private String attributes;

    @Option(names = "--force", description = "Overwrite files of the same names in --out.")
    private boolean force;

    @Override
    public Integer call() {
        Map<String, String> parsedAttributes = parseAttributes();
        CliContext ctx = CliContext.of(spec);
        DeviceFiles files = new DeviceFiles(out, thingName);
        files.checkWritable(force);
        // First, so that a server without a root CA to hand out fails before anything is registered.
        JsonNode rootCa = ctx.client().getJson("GetRootCa", "/root-ca", "iot");

        CreateThingResponse thing = ctx.callIot("CreateThing", c -> c.createThing(r -> r.thingName(thingName)
                .attributePayload(a -> a.attributes(parsedAttributes))));
        // Underpass's thingName parameter puts the thing's name into the certificate's subject (CN).
        CreateKeysAndCertificateResponse keys = ctx.callIot("CreateKeysAndCertificate",
                c -> c.createKeysAndCertificate(r -> r.setAsActive(true)
                        .overrideConfiguration(o -> o.putRawQueryParameter("thingName", thingName))));
        ctx.callIot("AttachThingPrincipal",
                c -> c.attachThingPrincipal(r -> r.thingName(thingName).principal(keys.certificateArn())));
        files.write(keys.certificatePem(), keys.keyPair().privateKey(), keys.keyPair().publicKey(),
                rootCa.path("rootCaPem").asText());

        print(ctx, thing, keys, files);
        return ExitCodes.OK;
    }

    private Map<String, String> parseAttributes() {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (attributes == null || attributes.isBlank()) {
            return parsed;
        }
        for (String pair : attributes.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(spec.commandLine(), "Invalid --attributes entry '" + pair
                        + "': write NAME=VALUE pairs separated by commas, e.g. site=berlin,model=x1");
            }
            parsed.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return parsed;
    }

    private static void print(CliContext ctx, CreateThingResponse thing, CreateKeysAndCertificateResponse keys,
            DeviceFiles files) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("thingName", thing.thingName());
        json.put("thingArn", thing.thingArn());
        json.put("thingId", thing.thingId());
        json.put("certificateId", keys.certificateId());
        json.put("certificateArn", keys.certificateArn());
        ObjectNode written = json.putObject("files");
        written.put("certificate", files.certificate().toString());
        written.put("privateKey", files.privateKey().toString());
        written.put("publicKey", files.publicKey().toString());
        written.put("rootCa", files.rootCa().toString());
        if (ctx.printer().format() == OutputFormat.TABLE) {
            ctx.out().print(Table.keyValue()
                    .row("Thing name", thing.thingName())
                    .row("Thing ARN", thing.thingArn())
                    .row("Certificate ID", keys.certificateId())
                    .row("Certificate", files.certificate().toString())
                    .row("Private key", files.privateKey().toString())
                    .row("Public key", files.publicKey().toString())
                    .row("Root CA", files.rootCa().toString())
                    .render());
        } else {
            ctx.out().println(ModelJson.write(json));
        }
        ctx.out().flush();
    }
}
