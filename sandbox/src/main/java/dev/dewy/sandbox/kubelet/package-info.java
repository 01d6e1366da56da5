/**
 * A host-process kubelet for Job pods: the first container's command and args run on this machine
 * with the container's env, no image is pulled, and output is kept for {@code pods/log}. What it
 * does not emulate is listed in sandbox/README.md.
 */
package dev.dewy.sandbox.kubelet;
