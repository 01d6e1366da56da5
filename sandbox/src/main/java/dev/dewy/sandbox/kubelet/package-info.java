/**
 * A host-process kubelet for Job pods: the first container's command and args run on this machine
 * with the container's env, no image is pulled, and output is kept for {@code pods/log}.
 *
 * <p>What it does not emulate: init containers, sidecars and other containers do not run; there are
 * no probes, resources, volumes, user or network isolation (the pod IP is 127.0.0.1); restartPolicy
 * is taken as Never. The terminationMessagePath is honoured with a private mount namespace as root;
 * as another user the path is rewritten in command and args and offered as {@code
 * $TERMINATION_MESSAGE_PATH}, so a script that builds the path some other way writes to the host
 * path instead. As root, a missing mount target (such as /dev/termination-log) is created empty on
 * the host once. Pods that were running when the sandbox stopped are not resumed.
 */
package dev.dewy.sandbox.kubelet;
