package dev.sluice.server.command;

import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.security.DestinationPattern;
import dev.sluice.db.security.Permission;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The words of {@code sluice grant|revoke}: {@code PERMISSIONS on queue|topic PATTERN to|from ROLE}, where
 * PERMISSIONS is one of send, consume, browse, create, delete, manage, or several separated by commas, or
 * {@code all}. Immutable.
 */
record GrantWords(Set<Permission> permissions, DestinationKind kind, String pattern, String role) {

    static final String PERMISSIONS_HELP = "PERMISSIONS: send, consume, browse, create, delete, manage, several"
            + " separated by commas (send,consume), or all. PATTERN: a name (orders), a name prefix and * (orders.*"
            + " covers orders.eu and orders.eu.v2, not orders), or * (every name).";

    /** @throws CommandLine.ParameterException saying which word is wrong and what was expected */
    static GrantWords parse(CommandLine commandLine, List<String> words, String preposition) {
        String form = "PERMISSIONS on queue|topic PATTERN " + preposition + " ROLE";
        if (words.size() != 6 || !words.get(1).equalsIgnoreCase("on")
                || !words.get(4).equalsIgnoreCase(preposition)) {
            throw new CommandLine.ParameterException(commandLine, "Expected " + form + ", for example 'consume on"
                    + " queue orders.* " + preposition + " billing'; got '" + String.join(" ", words) + "'");
        }
        DestinationKind kind;
        try {
            kind = DestinationKind.fromSql(words.get(2).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "'" + words.get(2) + "' is neither queue nor topic"
                    + " (" + form + ")");
        }
        try {
            return new GrantWords(permissions(words.get(0)), kind, DestinationPattern.validate(words.get(3)),
                    words.get(5));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private static Set<Permission> permissions(String list) {
        if (list.equalsIgnoreCase("all")) {
            return EnumSet.allOf(Permission.class);
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : list.split(",")) {
            permissions.add(Permission.fromSql(name.trim().toLowerCase(Locale.ROOT)));
        }
        return permissions;
    }

    /** As the command line writes it: "send,consume on queue orders.*". */
    String describe() {
        return permissions.stream().map(Permission::sqlName).collect(Collectors.joining(",")) + " on "
                + kind.sqlName() + " " + pattern;
    }
}
