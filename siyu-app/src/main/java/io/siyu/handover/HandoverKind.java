package io.siyu.handover;

/** 离职继承: the member resigned; 在职转接: the member still works here (the customer may refuse within 24 h). */
public enum HandoverKind {
	RESIGNED, ON_JOB
}
