package dev.underpass.localproxy.cli;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.HttpsProxy;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP proxy from the environment, as curl reads it: {@code https_proxy} (which wins, as in AWS's localproxy)
 * or {@code HTTPS_PROXY}; {@code no_proxy}/{@code NO_PROXY} lists hosts reached directly: {@code *}, exact names
 * or IPs, and domain suffixes ({@code example.com} or {@code .example.com} cover {@code a.example.com}).
 */
final class ProxyEnvironment {
    private ProxyEnvironment() {
    }

    /**
     * The proxy for {@code server}, or null when none is set or NO_PROXY covers it.
     *
     * @throws IllegalArgumentException naming the variable, never its value (it may hold a password)
     */
    static HttpsProxy forServer(Map<String, String> env, HostPort server) {
        String name = present(env, "https_proxy") ? "https_proxy" : present(env, "HTTPS_PROXY") ? "HTTPS_PROXY"
                : null;
        if (name == null || bypassed(env, server.normalizedHost())) {
            return null;
        }
        try {
            return HttpsProxy.parse(env.get(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    static boolean bypassed(Map<String, String> env, String host) {
        String list = present(env, "no_proxy") ? env.get("no_proxy") : env.getOrDefault("NO_PROXY", "");
        for (String raw : list.split("[,\\s]+")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.startsWith("[") && entry.endsWith("]")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            String suffix = entry.startsWith(".") ? entry : "." + entry;
            if (host.equals(entry) || host.equals(suffix.substring(1)) || host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
