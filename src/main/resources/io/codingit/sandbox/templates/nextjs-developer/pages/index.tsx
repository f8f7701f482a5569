export default function Home() {
  return (
    <main className="flex min-h-screen items-center justify-center">
      <h1 className="text-2xl font-bold">Hello from the Next.js template</h1>
    </main>
  );
}
