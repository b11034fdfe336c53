package dev.sluice.server.command;

import dev.sluice.db.log.DeadLetterPolicy;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice dlq list}: the dead letters waiting, per original destination. Confined to the command's thread. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Count the dead letters waiting in a dead-letter queue, per destination they came from.")
public final class DeadLetterListCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    DeadLetterQueueOption deadLetterQueue;

    /** Dead letters of one original destination. */
    private static final class Group {
        long count;
        long oldestTimestamp = Long.MAX_VALUE;
        String lastReason;
    }

    @Override
    public Integer call() throws JMSException {
        Map<String, Group> groups = new TreeMap<>();
        try (Connection jms = connection.connectionFactory(Map.of()).createConnection();
             Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(deadLetterQueue.name))) {
            Enumeration<?> letters = browser.getEnumeration();
            while (letters.hasMoreElements()) {
                Message letter = (Message) letters.nextElement();
                String from = letter.getStringProperty(DeadLetterPolicy.ORIGINAL_DESTINATION);
                Group group = groups.computeIfAbsent(from == null ? "(sent here directly)" : from, k -> new Group());
                group.count++;
                if (letter.getJMSTimestamp() > 0) {
                    group.oldestTimestamp = Math.min(group.oldestTimestamp, letter.getJMSTimestamp());
                }
                group.lastReason = letter.getStringProperty(DeadLetterPolicy.REASON);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        groups.forEach((from, group) -> rows.add(List.of(from, Long.toString(group.count),
                group.oldestTimestamp == Long.MAX_VALUE ? "" : Ages.format(now - group.oldestTimestamp) + " ago",
                group.lastReason == null ? "" : group.lastReason)));
        TablePrinter.print(System.out, List.of("from", "dead letters", "oldest sent", "reason (latest)"), rows,
                Set.of(1));
        return 0;
    }
}
