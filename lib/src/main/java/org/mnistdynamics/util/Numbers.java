package org.mnistdynamics.util;

import java.math.BigDecimal;

/** Number formatting shared by tables, descriptions and the article's variables. */
public final class Numbers {

    private Numbers() {
    }

    /**
     * @param value a finite number, e.g. a learning rate or a decay factor
     * @return its shortest decimal form in plain notation, without trailing zeros: 0.001, 0.95, 5
     * @throws NumberFormatException if {@code value} is NaN or infinite
     */
    public static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
