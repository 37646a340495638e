// Tabs as the ARIA pattern has them: one tab in the focus order, arrow keys, Home and End move
// between tabs, and the panel follows the selected one.
import type { ComponentChildren } from "preact";

export interface Tab<Name extends string> {
  name: Name;
  label: string;
}

interface Props<Name extends string> {
  tabs: readonly Tab<Name>[];
  selected: Name;
  onSelect(name: Name): void;
  children: ComponentChildren;
}

export function Tabs<Name extends string>({ tabs, selected, onSelect, children }: Props<Name>) {
  const index = Math.max(
    tabs.findIndex((tab) => tab.name === selected),
    0,
  );
  const move = (to: number) => {
    const tab = tabs[(to + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.name);
    document.getElementById(`tab-${tab.name}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowRight") move(index + 1);
    else if (event.key === "ArrowLeft") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(tabs.length - 1);
    else return;
    event.preventDefault();
  };
  return (
    <>
      <div class="tabs" role="tablist" aria-label="Parts of the message" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.name}
            id={`tab-${tab.name}`}
            type="button"
            role="tab"
            aria-selected={tab.name === selected}
            aria-controls="tab-panel"
            tabIndex={tab.name === selected ? 0 : -1}
            onClick={() => onSelect(tab.name)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id="tab-panel" class="tab-panel" role="tabpanel" aria-labelledby={`tab-${tabs[index]?.name ?? ""}`} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
