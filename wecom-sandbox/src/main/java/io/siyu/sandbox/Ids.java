package io.siyu.sandbox;

import java.util.Random;

/** WeCom-looking ids (wm…, wr…, et…), deterministic for a seed. */
final class Ids {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private final Random random;

  Ids(long seed) {
    this.random = new Random(seed);
  }

  synchronized String next(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix.length() + length).append(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  synchronized String hex(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  synchronized int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
