package dev.sluice.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.coordination.internal.NodePath;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeNameTest {

    @Test
    void anyStringBecomesOneValidSegmentAndBack() {
        for (String name : List.of("billing", "logs/web", "..", ".", "50%", "", "tab\there", "ünïcödé", "a/../b",
                "emoji \uD83D\uDE00", "%41")) {
            String segment = NodeName.escape(name);
            assertThat(segment).as(name).doesNotContain("/");
            NodePath.validate("/clients/" + segment);
            assertThat(NodeName.unescape(segment)).isEqualTo(name);
        }
        assertThat(NodeName.escape("orders.eu-west.v2")).isEqualTo("orders.eu-west.v2");
        assertThat(NodeName.escape("logs/web")).isEqualTo("logs%2Fweb");
    }

    @Test
    void malformedEscapesAreRejected() {
        assertThatThrownBy(() -> NodeName.unescape("abc%4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abc%4");
        assertThatThrownBy(() -> NodeName.unescape("abc%zz")).isInstanceOf(IllegalArgumentException.class);
    }
}
