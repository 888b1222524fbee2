package dev.underpass.cli.things;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/** {@code things deactivate-certificate|activate-certificate ID}: UpdateCertificate with one status each. */
abstract class CertificateStatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The certificate id (64 hex digits, as 'things"
            + " create' printed it).")
    private String certificateId;

    abstract CertificateStatus status();

    @Override
    public Integer call() {
        CliContext.of(spec).callIot("UpdateCertificate",
                c -> c.updateCertificate(r -> r.certificateId(certificateId).newStatus(status())));
        return ExitCodes.OK;
    }

    @Command(name = "deactivate-certificate", mixinStandardHelpOptions = true,
            description = {"Deactivates a certificate (UpdateCertificate INACTIVE).",
                    "The broker refuses it from now on and drops sessions that use it. Prints nothing."})
    static final class Deactivate extends CertificateStatusCommand {
        @Override
        CertificateStatus status() {
            return CertificateStatus.INACTIVE;
        }
    }

    @Command(name = "activate-certificate", mixinStandardHelpOptions = true,
            description = "Activates a certificate again (UpdateCertificate ACTIVE). Prints nothing.")
    static final class Activate extends CertificateStatusCommand {
        @Override
        CertificateStatus status() {
            return CertificateStatus.ACTIVE;
        }
    }
}
