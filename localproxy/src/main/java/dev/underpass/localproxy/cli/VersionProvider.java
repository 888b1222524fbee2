package dev.underpass.localproxy.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest ({@code dev} when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"underpass localproxy " + (v == null ? "dev" : v)};
    }
}
