package dev.sluice.flume.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flume.Agent;
import dev.sluice.flume.AgentTestSupport;
import dev.sluice.flume.ChannelTaker;
import dev.sluice.flume.Event;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** netcat, syslog (TCP, UDP, multiport) and http sources on real sockets, into a real queue. */
@ExtendWith(PostgresExtension.class)
class NetworkSourcesTest {

    private static Agent agent(TestDatabase db, String queue, String sourceKeys, String... channelKeys) {
        StringBuilder text = new StringBuilder("""
                a1.sources = r1
                a1.channels = c1
                a1.sources.r1.channels = c1
                a1.channels.c1.type = jms
                a1.channels.c1.url = ${DB_URL}
                a1.channels.c1.user = ${DB_USER}
                a1.channels.c1.password = ${DB_PASSWORD}
                a1.channels.c1.destination = queue://%s
                """.formatted(queue));
        for (String line : sourceKeys.split("\n")) {
            text.append("a1.sources.r1.").append(line.trim()).append('\n');
        }
        for (String line : channelKeys) {
            text.append("a1.channels.c1.").append(line).append('\n');
        }
        return AgentTestSupport.start("a1", text.toString(), db);
    }

    private static List<Event> take(Agent agent, int count) {
        List<Event> events = new ArrayList<>();
        try (ChannelTaker taker = agent.channel("c1").openTaker("test", "test")) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (events.size() < count && System.currentTimeMillis() < deadline) {
                events.addAll(taker.take(count - events.size(), 1000));
            }
            taker.commit();
        }
        return events;
    }

    @Test
    void netcatAnswersOkPerLineAfterCommitAndFailedForATooLongLine(TestDatabase db) throws Exception {
        Agent agent = agent(db, "net.netcat", "type = netcat\nbind = 127.0.0.1\nport = 0\nmax-line-length = 20");
        try (Socket socket = new Socket("127.0.0.1", ((NetcatSource) agent.source("r1")).port())) {
            OutputStream out = socket.getOutputStream();
            out.write("first\nsecond\nthis line is longer than twenty bytes\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> replies = List.of(in.readLine(), in.readLine(), in.readLine());
            assertThat(replies).containsExactly("OK", "OK", "FAILED: line longer than max-line-length 20 bytes");
            assertThat(take(agent, 2)).extracting(Event::bodyText).containsExactly("first", "second");
            assertThat(agent.counters().get("SOURCE.r1").get("EventAcceptedCount")).isEqualTo(2);
        } finally {
            agent.stop();
        }
    }

    @Test
    void syslogTcpParsesRfc3164AndRfc5424IntoHeaders(TestDatabase db) throws Exception {
        Agent agent = agent(db, "net.syslogtcp", "type = syslogtcp\nhost = 127.0.0.1\nport = 0");
        try (Socket socket = new Socket("127.0.0.1", ((SyslogTcpSource) agent.source("r1")).boundPorts().get(0))) {
            socket.getOutputStream().write(("<34>Oct 11 22:14:15 mymachine su: 'su root' failed\n"
                    + "<165>1 2003-10-11T22:14:15.003Z web-1.example.com nginx 1234 ID47 [a b=\"c\"] GET /\n"
                    + "no priority here\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            List<Event> events = take(agent, 3);
            assertThat(events).hasSize(3);
            assertThat(events.get(0).headers()).containsEntry("Facility", "4").containsEntry("Severity", "2")
                    .containsEntry("host", "mymachine").containsKey("timestamp");
            assertThat(events.get(0).bodyText()).isEqualTo("su: 'su root' failed");
            assertThat(events.get(1).headers()).containsEntry("Facility", "20").containsEntry("Severity", "5")
                    .containsEntry("host", "web-1.example.com").containsEntry("appname", "nginx")
                    .containsEntry("timestamp", "1065910455003");
            assertThat(events.get(1).bodyText()).isEqualTo("GET /");
            assertThat(events.get(2).headers()).containsEntry("flume.syslog.status", "Invalid");
        } finally {
            agent.stop();
        }
    }

    @Test
    void syslogUdpAndMultiportTcpReceiveMessages(TestDatabase db) throws Exception {
        Agent udp = agent(db, "net.syslogudp", "type = syslogudp\nhost = 127.0.0.1\nport = 0");
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] message = "<13>Feb  5 17:32:18 host-a hello over udp".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(),
                    ((SyslogUdpSource) udp.source("r1")).port()));
            List<Event> events = take(udp, 1);
            assertThat(events).extracting(Event::bodyText).containsExactly("hello over udp");
            assertThat(events.get(0).headers()).containsEntry("host", "host-a");
        } finally {
            udp.stop();
        }
        Agent multi = agent(db, "net.multiport", "type = multiport_syslogtcp\nhost = 127.0.0.1\nports = 0 0\n"
                + "portHeader = port");
        try {
            List<Integer> ports = ((SyslogTcpSource) multi.source("r1")).boundPorts();
            for (int port : ports) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.getOutputStream().write("<13>Feb  5 17:32:18 h m\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            List<Event> events = take(multi, 2);
            assertThat(events).extracting(event -> Integer.parseInt(event.headers().get("port")))
                    .containsExactlyInAnyOrderElementsOf(ports);
        } finally {
            multi.stop();
        }
    }

    @Test
    void httpAnswers200AfterCommit400ForBadJson405ForGetAnd503WhenTheChannelIsFull(TestDatabase db)
            throws Exception {
        Agent agent = agent(db, "net.http", "type = http\nport = 0\nbind = 127.0.0.1", "capacity = 3",
                "capacityCheckInterval = 0");
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + ((HttpSource) agent.source("r1")).port() + "/");
        try {
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                    "[{\"headers\":{\"a\":\"1\"},\"body\":\"hello\"},{\"body\":\"world\"}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"body\": ")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("not valid JSON");
            HttpResponse<String> notArray = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notArray.statusCode()).isEqualTo(400);
            assertThat(notArray.body()).contains("Expected a JSON array");
            assertThat(client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);
            HttpResponse<String> full = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers
                    .ofString("[{\"body\":\"3\"},{\"body\":\"4\"}]")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.body()).contains("is full");
            List<Event> events = take(agent, 2);
            assertThat(events).extracting(Event::bodyText).containsExactly("hello", "world");
            assertThat(events.get(0).headers()).containsEntry("a", "1");
        } finally {
            agent.stop();
        }
    }
}
