"""The shell on top: the ``carefinder`` command and the demo. Nothing else imports this
package, so the core packages (carefinder, crawler, index, webapp) never import upward."""
