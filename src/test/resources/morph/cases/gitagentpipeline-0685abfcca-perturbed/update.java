            // ... keep existing code ...
            String workdir = NO_REPOSITORY_DIR;
            if (remote != null) {
                run.checkCancelled();
                run.info("Cloning " + display(remote) + (token != null ? " with your GitHub token"
                        : remote.isLocal() ? "" : " anonymously (GitHub is not connected: pushing will need it)") + " on the server");
                repository = HostRepository.cloneFrom(remote, token, cloneDirectory, properties.gitTimeout(), run::isCancelled);
                String defaultBranch = repository.defaultBranch();
                run.info(defaultBranch == null ? "Cloned an empty repository" : "Cloned (default branch " + defaultBranch + ")");
            // ... keep existing code ...
            run.branchName(branch);
            run.progress(85);
            run.checkCancelled();
            if (token == null && !remote.isLocal()) {
                throw new TaskFailedException("Cannot push " + branch + ": GitHub is not connected for your account. "
                        + "Connect GitHub and run the task again.");
            }
            run.info("Pushing " + branch);
            repository.push(branch);
            run.progress(95);
// ... keep existing code ...
