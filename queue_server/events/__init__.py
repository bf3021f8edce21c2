"""The live event stream: wake-ups after commits and Server-Sent Events with replay."""
