package io.codingit.tasks.internal.agents;


import io.codingit.common.DomainException.Kind;
import io.codingit.tasks.TaskException;
import io.codingit.tasks.internal.AgentAvailability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agents a task may select, in the order error messages list them ({@code codingit} first: the default). */
public final class Agents {
    private final Map<String, CodingAgent> byId = new LinkedHashMap<>();

    public Agents(List<CodingAgent> agents) {
        for (CodingAgent agent : agents) {
            byId.put(agent.id(), agent);
        }
    }

    /** The agent, or a 400 listing the valid ids. Null means the default, {@code codingit}. */
    public CodingAgent require(String id) {
        CodingAgent agent = byId.get(id == null ? BuiltInAgent.ID : id);
        if (agent == null) {
            throw new TaskException(Kind.INVALID, "selectedAgent must be one of: " + String.join(", ", byId.keySet()));
        }
        return agent;
    }

    /** Every agent, in order, with whether it can run here. */
    public List<AgentAvailability> availability() {
        return byId.values().stream().map(a -> {
            String reason = a.unavailableReason();
            return new AgentAvailability(a.id(), reason == null, reason);
        }).toList();
    }
}
