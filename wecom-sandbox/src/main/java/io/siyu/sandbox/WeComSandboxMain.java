package io.siyu.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox standalone. Port from the first argument, else SANDBOX_PORT, else 18080. With
 * "--demo" (or SANDBOX_DEMO=true) it creates corp "ww-demo" (secret "demo-secret", callback URL from
 * SANDBOX_CALLBACK_URL) with a small seeded world and a contact way with state "demo".
 */
public final class WeComSandboxMain {

  private WeComSandboxMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    int port = 18080;
    boolean demo = "true".equalsIgnoreCase(System.getenv("SANDBOX_DEMO"));
    for (String arg : args) {
      if (arg.equals("--demo")) {
        demo = true;
      } else if (arg.matches("\\d+")) {
        port = Integer.parseInt(arg);
      }
    }
    if (args.length == 0 || java.util.Arrays.stream(args).noneMatch(a -> a.matches("\\d+"))) {
      String env = System.getenv("SANDBOX_PORT");
      port = env == null || env.isBlank() ? port : Integer.parseInt(env.trim());
    }
    String seed = System.getenv("SANDBOX_SEED");
    WeComSandbox sandbox = WeComSandbox.builder().port(port).host(System.getenv().getOrDefault("SANDBOX_HOST", "127.0.0.1"))
        .seed(seed == null ? 42 : Long.parseLong(seed)).build().start();
    if (demo) {
      sandbox.createDemoCorp(System.getenv("SANDBOX_CALLBACK_URL"));
    }
    System.out.println("wecom-sandbox listening on " + sandbox.baseUrl() + (demo ? " (demo corp ww-demo)" : ""));
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
    new CountDownLatch(1).await();
  }
}
