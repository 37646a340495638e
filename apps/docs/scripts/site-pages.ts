// The pages of the docs site, in the order the site lists them: one place for their file names and
// titles, so the links between them cannot drift.
export const sitePages = {
  reference: { file: "index.html", title: "Postmark API reference" },
  mockApi: { file: "mock-api.html", title: "Local Postmark control API" },
  guide: { file: "testing.html", title: "Testing with a local Postmark" },
} as const;

export type SitePage = keyof typeof sitePages;
