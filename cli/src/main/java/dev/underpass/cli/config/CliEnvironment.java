package dev.underpass.cli.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from its process besides the arguments: environment variables and the home directory. Passed
 * in, so that tests and embedders run the real commands without touching the process environment.
 *
 * @param variables environment variables by name
 * @param home      the user's home directory (for {@code ~/.aws/credentials})
 */
public record CliEnvironment(Map<String, String> variables, Path home) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The process environment; home is {@code $HOME}, else the {@code user.home} property. */
    public static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        String home = env.get("HOME");
        return new CliEnvironment(env, Path.of(home != null && !home.isBlank() ? home
                : System.getProperty("user.home")));
    }

    /** A variable's value when it is set and not blank. */
    public Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
