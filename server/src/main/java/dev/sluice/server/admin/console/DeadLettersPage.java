package dev.sluice.server.admin.console;

import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.maintenance.LogBrowser;
import java.util.List;

/**
 * {@code /dead-letters}: the newest {@value #NEWEST} messages of each queue that dead letters or expired messages
 * go to (by default {@value DeadLetterPolicy#DEFAULT_QUEUE}), with where each came from and why
 * ({@value DeadLetterPolicy#ORIGINAL_DESTINATION}, {@value DeadLetterPolicy#REASON} among its properties).
 * Thread-safe.
 */
final class DeadLettersPage {

    static final String PATH = "/dead-letters";
    static final int NEWEST = 50;

    private final LogBrowser browser;

    DeadLettersPage(LogBrowser browser) {
        this.browser = browser;
    }

    /** The page; with {@code contentShown} false the messages are shown without properties and bodies. */
    String render(boolean contentShown) {
        List<String> queues = browser.deadLetterQueues();
        StringBuilder body = new StringBuilder();
        if (queues.isEmpty()) {
            body.append("<p id=\"no-dead-letters\">No dead-letter queue exists yet: a message moves to one (")
                    .append(Html.escape(DeadLetterPolicy.DEFAULT_QUEUE))
                    .append(" unless a destination names another) after its consumers failed on it as often as"
                            + " the destination's maximum deliveries allow.</p>");
        }
        for (String queue : queues) {
            body.append("<h2>").append(Html.link(DestinationPage.href(DestinationKind.QUEUE, queue), queue))
                    .append("</h2>")
                    .append(MessageList.table("dead-letters-" + queue, browser.newest(DestinationKind.QUEUE, queue,
                            NEWEST), contentShown));
        }
        body.append("<p class=\"note\">The newest ").append(NEWEST).append(" messages of each queue; their"
                + " delivery column says which are still waiting. <code>sluice dlq list</code> counts them,"
                + " <code>sluice dlq replay</code> sends them back.</p>");
        return Layout.page("Dead letters", false, Html.raw(body.toString()));
    }
}
