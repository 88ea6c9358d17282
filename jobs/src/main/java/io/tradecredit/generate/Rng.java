package io.tradecredit.generate;

import java.util.SplittableRandom;

/**
 * Deterministic randomness by hashing: every draw is a function of the seed, a purpose and the ids it concerns, so
 * any executor computes the same value for the same company or order, in any order, on any number of partitions.
 */
public final class Rng {
  private Rng() {}

  /** MurmurHash3's 64-bit finaliser: a bijection, so distinct inputs give distinct outputs (used for unique ids). */
  public static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  public static long hash(long seed, String purpose, long... ids) {
    long h = fmix(seed ^ 0x9E3779B97F4A7C15L) ^ purpose.hashCode() * 0x9E3779B97F4A7C15L;
    for (long id : ids) {
      h = fmix(h ^ fmix(id + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  /** A stream of draws for one purpose and one set of ids. */
  public static SplittableRandom stream(long seed, String purpose, long... ids) {
    return new SplittableRandom(hash(seed, purpose, ids));
  }

  /** A single uniform draw in [0, 1). */
  public static double uniform(long seed, String purpose, long... ids) {
    return (hash(seed, purpose, ids) >>> 11) * 0x1.0p-53;
  }

  public static double normal(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  public static double exponential(SplittableRandom r, double mean) {
    return -Math.log(1.0 - r.nextDouble()) * mean;
  }

  public static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Poisson by inversion for small means, a rounded normal for large ones (counts only need the right scale). */
  public static int poisson(SplittableRandom r, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 40) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
    }
    double limit = Math.exp(-mean);
    double p = r.nextDouble();
    int k = 0;
    double term = limit;
    double cdf = limit;
    while (p > cdf && k < 1000) {
      k++;
      term *= mean / k;
      cdf += term;
    }
    return k;
  }

  /** Index into cumulative weights (ascending, last = total) for a uniform draw. */
  public static int pick(double[] cumulative, double u) {
    double x = u * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  public static double[] cumulative(double... weights) {
    double[] c = new double[weights.length];
    double s = 0;
    for (int i = 0; i < weights.length; i++) {
      s += weights[i];
      c[i] = s;
    }
    return c;
  }

  public static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
