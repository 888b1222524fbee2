package dev.underpass.cli.output;

/** How a command prints the service's response on stdout ({@code --output}). */
public enum OutputFormat {
    /** The response in the API's shapes, pretty-printed as the AWS CLI does; nothing for an empty response. */
    JSON,
    /** A fixed-width table for people; the columns are chosen per command. */
    TABLE
}
