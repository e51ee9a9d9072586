package org.mnistdynamics.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the faults injected by the fault-injection tests and how each ended (issue 7, item 6). A scenario records
 * its fault only after all its assertions passed; {@link #print(String)} writes the counts of a category to standard
 * output (and so to the surefire report), e.g. {@code kill points: 12 injected, 12 identical resumes}.
 */
final class FaultTally {

    private static final Map<String, List<String>> HANDLED = new LinkedHashMap<>();

    private FaultTally() {
    }

    /**
     * @param category e.g. "kill points"
     * @param fault    what was injected, e.g. "SIGKILL at mid-epoch"
     */
    static synchronized void handled(String category, String fault) {
        HANDLED.computeIfAbsent(category, k -> new ArrayList<>()).add(fault);
    }

    /**
     * Prints one line per fault and a count line for a category.
     *
     * @param category the category
     * @param injected faults the category's scenarios injected
     * @param result   what "handled" means there, e.g. "identical resumes"
     */
    static synchronized void print(String category, int injected, String result) {
        List<String> faults = HANDLED.getOrDefault(category, List.of());
        faults.forEach(f -> System.out.println("FAULT " + category + ": " + f + " -> ok"));
        System.out.println("FAULT COUNT " + category + ": " + injected + " injected, " + faults.size() + " " + result);
    }
}
