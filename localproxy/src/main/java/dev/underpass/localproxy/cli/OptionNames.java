package dev.underpass.localproxy.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The long names of AWS's localproxy options (also the keys of a {@code --config} file) and their sources. */
final class OptionNames {
    static final String ACCESS_TOKEN = "access-token";
    static final String CLIENT_TOKEN = "client-token";
    static final String PROXY_ENDPOINT = "proxy-endpoint";
    static final String REGION = "region";
    static final String SOURCE_LISTEN_PORT = "source-listen-port";
    static final String DESTINATION_APP = "destination-app";
    static final String LOCAL_BIND_ADDRESS = "local-bind-address";
    static final String CAPATH = "capath";
    static final String NO_SSL_HOST_VERIFY = "no-ssl-host-verify";
    static final String VERBOSE = "verbose";
    static final String MODE = "mode";
    static final String DESTINATION_CLIENT_TYPE = "destination-client-type";

    /** How each option is written on the command line, for error messages. */
    static final Map<String, String> FLAGS = flags();

    /** Environment variables that set options (the lowest precedence), as in AWS's localproxy. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            ACCESS_TOKEN, "AWSIOT_TUNNEL_ACCESS_TOKEN",
            CLIENT_TOKEN, "AWSIOT_TUNNEL_CLIENT_TOKEN",
            PROXY_ENDPOINT, "AWSIOT_TUNNEL_ENDPOINT",
            REGION, "AWSIOT_TUNNEL_REGION");

    private OptionNames() {
    }

    static Set<String> all() {
        return FLAGS.keySet();
    }

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ACCESS_TOKEN, "-t/--access-token");
        m.put(CLIENT_TOKEN, "-i/--client-token");
        m.put(PROXY_ENDPOINT, "-e/--proxy-endpoint");
        m.put(REGION, "-r/--region");
        m.put(SOURCE_LISTEN_PORT, "-s/--source-listen-port");
        m.put(DESTINATION_APP, "-d/--destination-app");
        m.put(LOCAL_BIND_ADDRESS, "-b/--local-bind-address");
        m.put(CAPATH, "-c/--capath");
        m.put(NO_SSL_HOST_VERIFY, "-k/--no-ssl-host-verify");
        m.put(VERBOSE, "-v/--verbose");
        m.put(MODE, "-m/--mode");
        m.put(DESTINATION_CLIENT_TYPE, "-y/--destination-client-type");
        return Map.copyOf(m);
    }
}
