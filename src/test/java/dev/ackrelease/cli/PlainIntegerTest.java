package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** picocli's whole numbers ({@link Main#plainInteger}): plain ASCII digits in an int's range, each refusal with its fix. */
class PlainIntegerTest {

  @Test
  void plainDigitsInRangeAreTaken() {
    assertEquals(4, Main.plainInteger("4"));
    assertEquals(4, Main.plainInteger("0004"));
    assertEquals(Integer.MAX_VALUE, Main.plainInteger("2147483647"));
    assertEquals(Integer.MIN_VALUE, Main.plainInteger("-2147483648"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999999", "2147483648", "-2147483649", "-99999999999999999999999"})
  void plainDigitsNoIntHoldsAreOutOfRangeWithTheRange(String value) {
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> Main.plainInteger(value));

    assertEquals("'" + value + "' is out of range: write a whole number from -2147483648 to 2147483647, e.g. 4", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"１", "4 ", "4.0", "-", "0x10", "+3", ""})
  void otherTextIsNotAWholeNumberAndSaysHowToWriteOne(String value) {
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> Main.plainInteger(value));

    assertEquals("'" + value + "' is not a whole number in plain digits: write one in ASCII digits, e.g. 4", e.getMessage());
  }
}
