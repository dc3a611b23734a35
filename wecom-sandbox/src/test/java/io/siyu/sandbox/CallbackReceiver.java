package io.siyu.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.siyu.sandbox.crypto.CallbackCrypto;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The app's side of callbacks in tests: verifies the signature, decrypts, records; can fail on purpose. */
final class CallbackReceiver implements AutoCloseable {

  record Received(String plaintext, String timestamp, String nonce, boolean signatureOk) {
    String field(String name) {
      Matcher m = Pattern.compile("<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</" + name + ">").matcher(plaintext);
      return m.find() ? m.group(1) : null;
    }
  }

  private final HttpServer server;
  private final CallbackCrypto crypto;
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile String lastEnvelope;
  /** What the "app" does with each decrypted event, after answering 200. */
  volatile java.util.function.Consumer<Received> onEvent = r -> { };

  CallbackReceiver(String token, String aesKey, String corpId) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.crypto = new CallbackCrypto(token, aesKey, corpId);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/callback", exchange -> {
      Map<String, String> q = ApiServer.query(exchange.getRequestURI().getRawQuery());
      String response = "";
      int status = 200;
      if ("GET".equals(exchange.getRequestMethod())) {
        String echostr = q.get("echostr");
        response = crypto.verify(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), echostr)
            ? crypto.decrypt(echostr) : "bad signature";
      } else {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastEnvelope = body;
        if (failuresLeft.getAndDecrement() > 0) {
          status = 500;
        } else {
          Matcher m = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>").matcher(body);
          m.find();
          String enc = m.group(1);
          received.add(new Received(crypto.decrypt(enc), q.get("timestamp"), q.get("nonce"),
              crypto.verify(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), enc)));
        }
      }
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
      if (status == 200 && "POST".equals(exchange.getRequestMethod()) && !received.isEmpty()) {
        onEvent.accept(received.get(received.size() - 1));
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  List<Received> ofChangeType(String changeType) {
    return received.stream().filter(r -> changeType.equals(r.field("ChangeType"))).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
