package io.siyu.organization;

public record Persona(long id, PersonaKind kind, String displayName, String intro, String avatarUrl, long staffCount) {
}
