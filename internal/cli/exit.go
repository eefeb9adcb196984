package cli

// Exit codes. Only main exits; commands return errors that carry one.
const (
	ExitOK      = 0 // success; no substantive change where --exit-code asks
	ExitChanges = 1 // differences found (--exit-code), stale output (--check), warnings (check --strict)
	ExitUsage   = 2 // usage or input error: bad flags, unreadable input, unknown revision
)

// exitStatus is the EXIT STATUS section every command's long help ends with.
const exitStatus = `

EXIT STATUS
  0  success
  1  differences found: a substantive change where --exit-code asks, stale
     files where --check asks, warnings where --strict asks
  2  usage or input error`
