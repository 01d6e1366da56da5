package dev.dewy.sandbox.kubelet;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion for env values, command and args: a defined variable is
 * replaced, {@code $$} escapes, and an undefined reference stays as written.
 */
public final class EnvExpansion {

  private EnvExpansion() {}

  public static String expand(String input, Map<String, String> defined) {
    if (input == null || !input.contains("$")) {
      return input;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
      } else if (input.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (input.charAt(i + 1) == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          out.append(input, i, input.length());
          break;
        }
        String name = input.substring(i + 2, close);
        out.append(defined.containsKey(name) ? defined.get(name) : input.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
