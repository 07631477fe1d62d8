package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// parentPIDEnv names the variable through which the launcher tells a personality which
// process owns it. When set, the personality exits as soon as that process is gone.
const parentPIDEnv = "CAPSTAN_PARENT_PID"

// startWatchdog makes this process exit when its launcher dies.
//
// Implementation notes: PR_SET_PDEATHSIG is not used, because it fires when the *thread*
// that forked the child exits, and a JVM starts processes from short-lived threads.
// Instead a goroutine polls every 200 ms whether the parent is still our parent: once the
// launcher dies, the kernel re-parents us (to init or a subreaper), getppid() changes and
// we exit with status 3. Exiting hard is right here: the data directory is scratch and
// the launcher that would have cleaned up is already gone.
func startWatchdog(name string) {
	value := os.Getenv(parentPIDEnv)
	if value == "" {
		return
	}
	want, err := strconv.Atoi(value)
	if err != nil || want <= 1 {
		fmt.Fprintf(os.Stderr, "capstan-controlplane %s: ignoring %s=%q: not a process id\n", name, parentPIDEnv, value)
		return
	}
	if os.Getppid() != want {
		fmt.Fprintf(os.Stderr, "capstan-controlplane %s: launcher (pid %d) is already gone; exiting\n", name, want)
		os.Exit(3)
	}
	go func() {
		for range time.Tick(200 * time.Millisecond) {
			if os.Getppid() != want {
				fmt.Fprintf(os.Stderr, "capstan-controlplane %s: launcher (pid %d) died; exiting\n", name, want)
				os.Exit(3)
			}
		}
	}()
}
