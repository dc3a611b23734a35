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
      SandboxCorp corp = sandbox.createCorp(new CorpSpec("ww-demo", 1000002, "demo-secret",
          System.getenv("SANDBOX_CALLBACK_URL"), "demotoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
      corp.seed(WorldSpec.demo());
      corp.corp().contactWays.add(demoWay(corp), Integer.MAX_VALUE);
    }
    System.out.println("wecom-sandbox listening on " + sandbox.baseUrl() + (demo ? " (demo corp ww-demo)" : ""));
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
    new CountDownLatch(1).await();
  }

  private static ContactWays.ContactWay demoWay(SandboxCorp corp) {
    ContactWays.ContactWay way = new ContactWays.ContactWay("demo-way", corp.corp().clock.epochSecond());
    way.type = 2;
    way.scene = 2;
    way.state = "demo";
    way.users = new java.util.ArrayList<>(corp.staffIds());
    return way;
  }
}
