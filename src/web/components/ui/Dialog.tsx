import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import './ui.css';

/**
 * A modal on the native <dialog>: the browser traps focus and makes the page behind it inert. Escape and the
 * close button call `onClose`. Focus starts on the element marked `data-autofocus` (else the browser's first
 * focusable one) and returns to the opener when the dialog goes away.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // Callers often unmount the dialog to close it; close it first (a layout cleanup runs before the node is
  // removed) and give focus back to what opened it, so keyboard users do not land on <body>.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="ui-dialog"
      aria-labelledby={titleId}
      aria-modal="true"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        // Browsers turn Escape into `cancel`; handling the key too keeps one path everywhere (and in jsdom).
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      {open ? (
        <div className="ui-dialog__frame">
          <header className="ui-dialog__header">
            <h2 id={titleId} className="ui-dialog__title">
              {title}
            </h2>
            <button type="button" className="ui-icon-button" aria-label="Close" onClick={onClose}>
              ×
            </button>
          </header>
          <div className="ui-dialog__body">{children}</div>
          {footer ? <footer className="ui-dialog__footer">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
