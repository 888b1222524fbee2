package dev.underpass.localproxy.cli;

/**
 * One option value and where it came from, so that an error can say which flag, file line or variable to fix.
 *
 * @param value  the raw text
 * @param origin e.g. {@code -s/--source-listen-port}, {@code source-listen-port in lp.ini},
 *               {@code AWSIOT_TUNNEL_ENDPOINT}
 */
record Setting(String value, String origin) {
}
