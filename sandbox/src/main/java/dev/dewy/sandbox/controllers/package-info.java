/**
 * Stand-ins for the controllers a cluster runs (Jobs, Deployment, StatefulSet and DaemonSet
 * rollouts), working through a plain fabric8 client against whatever API it talks to; start them
 * with {@link dev.dewy.sandbox.controllers.Controllers#start}, or the whole small cluster with
 * {@code SandboxOptions.cluster()}. What they do not emulate is listed in sandbox/README.md.
 */
package dev.dewy.sandbox.controllers;
