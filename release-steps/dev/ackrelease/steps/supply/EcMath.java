package dev.ackrelease.steps.supply;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * The one piece of curve arithmetic the JDK does not expose: the public point {@code d·G} of a
 * private scalar, in affine coordinates over a prime field (double and add, once per key).
 */
final class EcMath {

  private EcMath() {}

  static ECPoint multiply(ECParameterSpec spec, BigInteger k) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger a = spec.getCurve().getA();
    ECPoint result = ECPoint.POINT_INFINITY;
    ECPoint addend = spec.getGenerator();
    for (int i = 0; i < k.bitLength(); i++) {
      if (k.testBit(i)) {
        result = add(result, addend, p, a);
      }
      addend = add(addend, addend, p, a);
    }
    return result;
  }

  private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
    if (s.equals(ECPoint.POINT_INFINITY)) {
      return t;
    }
    if (t.equals(ECPoint.POINT_INFINITY)) {
      return s;
    }
    BigInteger x1 = s.getAffineX();
    BigInteger y1 = s.getAffineY();
    BigInteger x2 = t.getAffineX();
    BigInteger y2 = t.getAffineY();
    BigInteger lambda;
    if (x1.equals(x2)) {
      if (!y1.equals(y2) || y1.signum() == 0) {
        return ECPoint.POINT_INFINITY;
      }
      lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
    } else {
      lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
    }
    BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
    BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
    return new ECPoint(x3, y3);
  }
}
